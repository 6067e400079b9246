import { DateTimeScalar, MoneyScalar, type RequestContext } from '@jowi/server-kit';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { listCategories, loadCategory } from '../services/category.service.ts';
import { findByBarcode, listProducts, loadBarcodes, loadProduct } from '../services/product.service.ts';
import { createProduct } from '../services/product-write.service.ts';

// Services return entity rows (codegen maps Product → ProductRow, Category → CategoryRow); the
// Product and Category resolvers below fill in what a row lacks (barcodes, category, parent).

export const resolvers: Resolvers<RequestContext> = {
  DateTime: DateTimeScalar,
  Money: MoneyScalar,
  Query: {
    products: (_root, args, ctx) => listProducts(ctx, args),
    product: (_root, { id }, ctx) => loadProduct(ctx, id),
    productByBarcode: (_root, { barcode }, ctx) => findByBarcode(ctx, barcode),
    categories: (_root, _args, ctx) => listCategories(ctx),
  },
  Mutation: {
    createProduct: (_root, { input }, ctx) => createProduct(ctx, input),
  },
  Product: {
    __resolveReference: (ref, ctx) => loadProduct(ctx, ref.id),
    barcodes: (parent, _args, ctx) => loadBarcodes(ctx, parent.id),
    category: (parent, _args, ctx) => loadCategory(ctx, parent.categoryId),
  },
  Category: {
    __resolveReference: (ref, ctx) => loadCategory(ctx, ref.id),
    parent: (parent, _args, ctx) => loadCategory(ctx, parent.parentId),
  },
};
