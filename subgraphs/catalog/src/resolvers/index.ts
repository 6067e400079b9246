import { DateTimeScalar, MoneyScalar, type RequestContext } from '@jowi/server-kit';
import type { CreateProductPayload, ProductConnection, Resolvers } from '../__generated__/resolvers-types.ts';
import type { CategoryRow } from '../entities/category.entity.ts';
import type { ProductRow } from '../entities/product.entity.ts';
import { listCategories, loadCategory } from '../services/category.service.ts';
import { findByBarcode, listProducts, loadBarcodes, loadProduct } from '../services/product.service.ts';
import { createProduct } from '../services/product-write.service.ts';

// Services return entity rows; the Product and Category resolvers below fill in the fields a
// row lacks (barcodes, category, parent). Codegen has no `mappers` for these types yet, so it
// expects GraphQL shapes where rows arrive: these adapters are the only casts, and go away
// once codegen maps Product → ProductRow and Category → CategoryRow.
const productRow = (parent: object) => parent as ProductRow;
const categoryRow = (parent: object) => parent as CategoryRow;
const asConnection = (value: unknown) => value as ProductConnection;
const asPayload = (value: unknown) => value as CreateProductPayload;

export const resolvers: Resolvers<RequestContext> = {
  DateTime: DateTimeScalar,
  Money: MoneyScalar,
  Query: {
    products: async (_root, args, ctx) => asConnection(await listProducts(ctx, args)),
    product: (_root, { id }, ctx) => loadProduct(ctx, id),
    productByBarcode: (_root, { barcode }, ctx) => findByBarcode(ctx, barcode),
    categories: (_root, _args, ctx) => listCategories(ctx),
  },
  Mutation: {
    createProduct: async (_root, { input }, ctx) => asPayload(await createProduct(ctx, input)),
  },
  Product: {
    __resolveReference: (ref, ctx) => loadProduct(ctx, ref.id),
    barcodes: (parent, _args, ctx) => loadBarcodes(ctx, productRow(parent).id),
    category: (parent, _args, ctx) => loadCategory(ctx, productRow(parent).categoryId),
  },
  Category: {
    __resolveReference: (ref, ctx) => loadCategory(ctx, ref.id),
    parent: (parent, _args, ctx) => loadCategory(ctx, categoryRow(parent).parentId),
  },
};
