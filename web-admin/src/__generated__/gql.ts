/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query Products($first: Int, $after: String, $filter: ProductFilter) {\n  products(first: $first, after: $after, filter: $filter) {\n    edges {\n      cursor\n      node {\n        id\n        name\n        sku\n        price\n        vatRate\n        barcodes\n        active\n        unit\n        stock\n      }\n    }\n    pageInfo {\n      endCursor\n      hasNextPage\n    }\n  }\n}": typeof types.ProductsDocument,
    "mutation Login($input: LoginInput!) {\n  login(input: $input) {\n    accessToken\n    refreshToken\n    expiresAt\n    errors {\n      code\n      message\n    }\n  }\n}\n\nmutation RefreshSession($input: RefreshSessionInput!) {\n  refreshSession(input: $input) {\n    accessToken\n    refreshToken\n    expiresAt\n    errors {\n      code\n      message\n    }\n  }\n}\n\nquery Viewer {\n  me {\n    id\n    name\n    email\n    roles\n    tenant {\n      id\n      name\n      slug\n    }\n  }\n}\n\nmutation Logout($input: LogoutInput!) {\n  logout(input: $input) {\n    errors {\n      code\n      message\n    }\n  }\n}\n\nquery ShellStores {\n  stores(first: 250) {\n    edges {\n      node {\n        id\n        name\n        timeZone\n      }\n    }\n  }\n}": typeof types.LoginDocument,
};
const documents: Documents = {
    "query Products($first: Int, $after: String, $filter: ProductFilter) {\n  products(first: $first, after: $after, filter: $filter) {\n    edges {\n      cursor\n      node {\n        id\n        name\n        sku\n        price\n        vatRate\n        barcodes\n        active\n        unit\n        stock\n      }\n    }\n    pageInfo {\n      endCursor\n      hasNextPage\n    }\n  }\n}": types.ProductsDocument,
    "mutation Login($input: LoginInput!) {\n  login(input: $input) {\n    accessToken\n    refreshToken\n    expiresAt\n    errors {\n      code\n      message\n    }\n  }\n}\n\nmutation RefreshSession($input: RefreshSessionInput!) {\n  refreshSession(input: $input) {\n    accessToken\n    refreshToken\n    expiresAt\n    errors {\n      code\n      message\n    }\n  }\n}\n\nquery Viewer {\n  me {\n    id\n    name\n    email\n    roles\n    tenant {\n      id\n      name\n      slug\n    }\n  }\n}\n\nmutation Logout($input: LogoutInput!) {\n  logout(input: $input) {\n    errors {\n      code\n      message\n    }\n  }\n}\n\nquery ShellStores {\n  stores(first: 250) {\n    edges {\n      node {\n        id\n        name\n        timeZone\n      }\n    }\n  }\n}": types.LoginDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Products($first: Int, $after: String, $filter: ProductFilter) {\n  products(first: $first, after: $after, filter: $filter) {\n    edges {\n      cursor\n      node {\n        id\n        name\n        sku\n        price\n        vatRate\n        barcodes\n        active\n        unit\n        stock\n      }\n    }\n    pageInfo {\n      endCursor\n      hasNextPage\n    }\n  }\n}"): (typeof documents)["query Products($first: Int, $after: String, $filter: ProductFilter) {\n  products(first: $first, after: $after, filter: $filter) {\n    edges {\n      cursor\n      node {\n        id\n        name\n        sku\n        price\n        vatRate\n        barcodes\n        active\n        unit\n        stock\n      }\n    }\n    pageInfo {\n      endCursor\n      hasNextPage\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Login($input: LoginInput!) {\n  login(input: $input) {\n    accessToken\n    refreshToken\n    expiresAt\n    errors {\n      code\n      message\n    }\n  }\n}\n\nmutation RefreshSession($input: RefreshSessionInput!) {\n  refreshSession(input: $input) {\n    accessToken\n    refreshToken\n    expiresAt\n    errors {\n      code\n      message\n    }\n  }\n}\n\nquery Viewer {\n  me {\n    id\n    name\n    email\n    roles\n    tenant {\n      id\n      name\n      slug\n    }\n  }\n}\n\nmutation Logout($input: LogoutInput!) {\n  logout(input: $input) {\n    errors {\n      code\n      message\n    }\n  }\n}\n\nquery ShellStores {\n  stores(first: 250) {\n    edges {\n      node {\n        id\n        name\n        timeZone\n      }\n    }\n  }\n}"): (typeof documents)["mutation Login($input: LoginInput!) {\n  login(input: $input) {\n    accessToken\n    refreshToken\n    expiresAt\n    errors {\n      code\n      message\n    }\n  }\n}\n\nmutation RefreshSession($input: RefreshSessionInput!) {\n  refreshSession(input: $input) {\n    accessToken\n    refreshToken\n    expiresAt\n    errors {\n      code\n      message\n    }\n  }\n}\n\nquery Viewer {\n  me {\n    id\n    name\n    email\n    roles\n    tenant {\n      id\n      name\n      slug\n    }\n  }\n}\n\nmutation Logout($input: LogoutInput!) {\n  logout(input: $input) {\n    errors {\n      code\n      message\n    }\n  }\n}\n\nquery ShellStores {\n  stores(first: 250) {\n    edges {\n      node {\n        id\n        name\n        timeZone\n      }\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;