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
    "fragment TillProductFields on TillProduct {\n  id\n  sku\n  name\n  price\n  unit\n  vatRate\n  ikpu\n  packageCode\n  ownerType\n  cashlessOnly\n  markingRequired\n  categoryId\n  barcodes\n  modifierGroupIds\n  catalogVersion\n}\n\nquery TillCatalog($query: String, $categoryId: ID, $offset: Int, $limit: Int) {\n  tillCatalog(\n    query: $query\n    categoryId: $categoryId\n    offset: $offset\n    limit: $limit\n  ) @client {\n    total\n    capped\n    offset\n    version\n    items {\n      ...TillProductFields\n    }\n  }\n}\n\nquery TillCategories {\n  tillCategories @client {\n    id\n    name\n    parentId\n    productCount\n  }\n}\n\nquery TillFavourites {\n  tillFavourites @client {\n    ...TillProductFields\n  }\n}\n\nquery TillCatalogStatus {\n  tillCatalogStatus @client {\n    products\n    version\n    pulledAt\n    pulling\n    lastError\n  }\n}\n\nmutation SetTillFavourite($productId: ID!, $pinned: Boolean!) {\n  setTillFavourite(productId: $productId, pinned: $pinned) @client {\n    ...TillProductFields\n  }\n}": typeof types.TillProductFieldsFragmentDoc,
    "query TillCustomerByPhone($phone: String!) {\n  customerByPhone(phone: $phone) {\n    id\n    phone\n    name\n    loyalty {\n      balance\n      tier {\n        name\n        accrualBps\n      }\n    }\n  }\n  loyaltyProgram {\n    enabled\n    accrualBps\n    maxRedeemPercent\n  }\n}": typeof types.TillCustomerByPhoneDocument,
};
const documents: Documents = {
    "fragment TillProductFields on TillProduct {\n  id\n  sku\n  name\n  price\n  unit\n  vatRate\n  ikpu\n  packageCode\n  ownerType\n  cashlessOnly\n  markingRequired\n  categoryId\n  barcodes\n  modifierGroupIds\n  catalogVersion\n}\n\nquery TillCatalog($query: String, $categoryId: ID, $offset: Int, $limit: Int) {\n  tillCatalog(\n    query: $query\n    categoryId: $categoryId\n    offset: $offset\n    limit: $limit\n  ) @client {\n    total\n    capped\n    offset\n    version\n    items {\n      ...TillProductFields\n    }\n  }\n}\n\nquery TillCategories {\n  tillCategories @client {\n    id\n    name\n    parentId\n    productCount\n  }\n}\n\nquery TillFavourites {\n  tillFavourites @client {\n    ...TillProductFields\n  }\n}\n\nquery TillCatalogStatus {\n  tillCatalogStatus @client {\n    products\n    version\n    pulledAt\n    pulling\n    lastError\n  }\n}\n\nmutation SetTillFavourite($productId: ID!, $pinned: Boolean!) {\n  setTillFavourite(productId: $productId, pinned: $pinned) @client {\n    ...TillProductFields\n  }\n}": types.TillProductFieldsFragmentDoc,
    "query TillCustomerByPhone($phone: String!) {\n  customerByPhone(phone: $phone) {\n    id\n    phone\n    name\n    loyalty {\n      balance\n      tier {\n        name\n        accrualBps\n      }\n    }\n  }\n  loyaltyProgram {\n    enabled\n    accrualBps\n    maxRedeemPercent\n  }\n}": types.TillCustomerByPhoneDocument,
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
export function graphql(source: "fragment TillProductFields on TillProduct {\n  id\n  sku\n  name\n  price\n  unit\n  vatRate\n  ikpu\n  packageCode\n  ownerType\n  cashlessOnly\n  markingRequired\n  categoryId\n  barcodes\n  modifierGroupIds\n  catalogVersion\n}\n\nquery TillCatalog($query: String, $categoryId: ID, $offset: Int, $limit: Int) {\n  tillCatalog(\n    query: $query\n    categoryId: $categoryId\n    offset: $offset\n    limit: $limit\n  ) @client {\n    total\n    capped\n    offset\n    version\n    items {\n      ...TillProductFields\n    }\n  }\n}\n\nquery TillCategories {\n  tillCategories @client {\n    id\n    name\n    parentId\n    productCount\n  }\n}\n\nquery TillFavourites {\n  tillFavourites @client {\n    ...TillProductFields\n  }\n}\n\nquery TillCatalogStatus {\n  tillCatalogStatus @client {\n    products\n    version\n    pulledAt\n    pulling\n    lastError\n  }\n}\n\nmutation SetTillFavourite($productId: ID!, $pinned: Boolean!) {\n  setTillFavourite(productId: $productId, pinned: $pinned) @client {\n    ...TillProductFields\n  }\n}"): (typeof documents)["fragment TillProductFields on TillProduct {\n  id\n  sku\n  name\n  price\n  unit\n  vatRate\n  ikpu\n  packageCode\n  ownerType\n  cashlessOnly\n  markingRequired\n  categoryId\n  barcodes\n  modifierGroupIds\n  catalogVersion\n}\n\nquery TillCatalog($query: String, $categoryId: ID, $offset: Int, $limit: Int) {\n  tillCatalog(\n    query: $query\n    categoryId: $categoryId\n    offset: $offset\n    limit: $limit\n  ) @client {\n    total\n    capped\n    offset\n    version\n    items {\n      ...TillProductFields\n    }\n  }\n}\n\nquery TillCategories {\n  tillCategories @client {\n    id\n    name\n    parentId\n    productCount\n  }\n}\n\nquery TillFavourites {\n  tillFavourites @client {\n    ...TillProductFields\n  }\n}\n\nquery TillCatalogStatus {\n  tillCatalogStatus @client {\n    products\n    version\n    pulledAt\n    pulling\n    lastError\n  }\n}\n\nmutation SetTillFavourite($productId: ID!, $pinned: Boolean!) {\n  setTillFavourite(productId: $productId, pinned: $pinned) @client {\n    ...TillProductFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query TillCustomerByPhone($phone: String!) {\n  customerByPhone(phone: $phone) {\n    id\n    phone\n    name\n    loyalty {\n      balance\n      tier {\n        name\n        accrualBps\n      }\n    }\n  }\n  loyaltyProgram {\n    enabled\n    accrualBps\n    maxRedeemPercent\n  }\n}"): (typeof documents)["query TillCustomerByPhone($phone: String!) {\n  customerByPhone(phone: $phone) {\n    id\n    phone\n    name\n    loyalty {\n      balance\n      tier {\n        name\n        accrualBps\n      }\n    }\n  }\n  loyaltyProgram {\n    enabled\n    accrualBps\n    maxRedeemPercent\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;