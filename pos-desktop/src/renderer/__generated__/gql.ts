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
    "query TillCustomerByPhone($phone: String!) {\n  customerByPhone(phone: $phone) {\n    id\n    phone\n    name\n    loyalty {\n      balance\n      tier {\n        name\n        accrualBps\n      }\n    }\n  }\n  loyaltyProgram {\n    enabled\n    accrualBps\n    maxRedeemPercent\n  }\n}": typeof types.TillCustomerByPhoneDocument,
    "query Products($first: Int, $after: String, $filter: ProductFilter) {\n  products(first: $first, after: $after, filter: $filter) {\n    edges {\n      node {\n        id\n        sku\n        name\n        price\n        unit\n        vatRate\n        barcodes\n        ikpu\n        packageCode\n        ownerType\n        cashlessOnly\n      }\n    }\n    pageInfo {\n      endCursor\n      hasNextPage\n    }\n  }\n}": typeof types.ProductsDocument,
};
const documents: Documents = {
    "query TillCustomerByPhone($phone: String!) {\n  customerByPhone(phone: $phone) {\n    id\n    phone\n    name\n    loyalty {\n      balance\n      tier {\n        name\n        accrualBps\n      }\n    }\n  }\n  loyaltyProgram {\n    enabled\n    accrualBps\n    maxRedeemPercent\n  }\n}": types.TillCustomerByPhoneDocument,
    "query Products($first: Int, $after: String, $filter: ProductFilter) {\n  products(first: $first, after: $after, filter: $filter) {\n    edges {\n      node {\n        id\n        sku\n        name\n        price\n        unit\n        vatRate\n        barcodes\n        ikpu\n        packageCode\n        ownerType\n        cashlessOnly\n      }\n    }\n    pageInfo {\n      endCursor\n      hasNextPage\n    }\n  }\n}": types.ProductsDocument,
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
export function graphql(source: "query TillCustomerByPhone($phone: String!) {\n  customerByPhone(phone: $phone) {\n    id\n    phone\n    name\n    loyalty {\n      balance\n      tier {\n        name\n        accrualBps\n      }\n    }\n  }\n  loyaltyProgram {\n    enabled\n    accrualBps\n    maxRedeemPercent\n  }\n}"): (typeof documents)["query TillCustomerByPhone($phone: String!) {\n  customerByPhone(phone: $phone) {\n    id\n    phone\n    name\n    loyalty {\n      balance\n      tier {\n        name\n        accrualBps\n      }\n    }\n  }\n  loyaltyProgram {\n    enabled\n    accrualBps\n    maxRedeemPercent\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Products($first: Int, $after: String, $filter: ProductFilter) {\n  products(first: $first, after: $after, filter: $filter) {\n    edges {\n      node {\n        id\n        sku\n        name\n        price\n        unit\n        vatRate\n        barcodes\n        ikpu\n        packageCode\n        ownerType\n        cashlessOnly\n      }\n    }\n    pageInfo {\n      endCursor\n      hasNextPage\n    }\n  }\n}"): (typeof documents)["query Products($first: Int, $after: String, $filter: ProductFilter) {\n  products(first: $first, after: $after, filter: $filter) {\n    edges {\n      node {\n        id\n        sku\n        name\n        price\n        unit\n        vatRate\n        barcodes\n        ikpu\n        packageCode\n        ownerType\n        cashlessOnly\n      }\n    }\n    pageInfo {\n      endCursor\n      hasNextPage\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;