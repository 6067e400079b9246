import { DateTimeScalar, MoneyScalar, type RequestContext } from '@jowi/server-kit';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import {
  createCategory,
  deleteCategory,
  listCategories,
  loadCategory,
  loadChildren,
  setCategoryActive,
  updateCategory,
} from '../services/category.service.ts';
import { listChanges } from '../services/change-feed.service.ts';
import { compactIn, listPageStarts, readCompactPage } from '../services/compact-feed.ts';
import { importProducts } from '../services/import.service.ts';
import {
  jobError,
  listProductImports,
  loadProductImport,
  loadRowErrors,
  runProductImport,
  startProductImport,
  uploadProductImportPart,
} from '../services/import-job.service.ts';
import {
  createModifierGroup,
  deleteModifierGroup,
  listModifierGroups,
  loadModifierGroup,
  loadOptions,
  loadProductModifierGroups,
  setModifierGroupActive,
  updateModifierGroup,
} from '../services/modifier.service.ts';
import {
  findByBarcode,
  listProducts,
  loadBarcodes,
  loadProduct,
  loadStorePrices,
  priceHistory,
  priceIn,
  visibleCost,
} from '../services/product.service.ts';
import {
  createProduct,
  setProductActive,
  setStorePrice,
  updateProduct,
} from '../services/product-write.service.ts';
import { productRead } from './product-fields.ts';
import { selectedFields } from './selection.ts';

// Services return entity rows (codegen maps Product → ProductRow, Category → CategoryRow); the
// type resolvers below fill in what a row lacks (barcodes, category, names, store prices, …).

export const resolvers: Resolvers<RequestContext> = {
  DateTime: DateTimeScalar,
  Money: MoneyScalar,
  Query: {
    products: (_root, args, ctx, info) =>
      listProducts(ctx, args, productRead(selectedFields(info, ['edges', 'node']))?.columns),
    product: (_root, { id }, ctx) => loadProduct(ctx, id),
    productByBarcode: (_root, { barcode }, ctx) => findByBarcode(ctx, barcode),
    categories: (_root, args, ctx) => listCategories(ctx, args),
    modifierGroups: (_root, _args, ctx) => listModifierGroups(ctx),
    priceHistory: (_root, { productId, first }, ctx) => priceHistory(ctx, productId, first),
    productImport: (_root, { id }, ctx) => loadProductImport(ctx, id),
    productImports: (_root, { first }, ctx) => listProductImports(ctx, first),
    // A page that selects products reads them (the selected fields' columns) in its own statement.
    // A page that selects `compact` is read and built as JSON by one statement; otherwise a page that
    // selects products reads them (the selected fields' columns) in its own statement.
    catalogChanges: (_root, args, ctx, info) =>
      selectedFields(info, ['compact'])
        ? readCompactPage(ctx, args, selectedFields(info, ['changes']) !== null)
        : listChanges(ctx, args, { product: productRead(selectedFields(info, ['changes', 'product'])) }),
    catalogChangePageStarts: (_root, args, ctx) => listPageStarts(ctx, args),
  },
  Mutation: {
    createProduct: (_root, { input }, ctx) => createProduct(ctx, input),
    updateProduct: (_root, { input }, ctx) => updateProduct(ctx, input),
    archiveProduct: (_root, { input }, ctx) => setProductActive(ctx, input.id, false),
    restoreProduct: (_root, { input }, ctx) => setProductActive(ctx, input.id, true),
    setStorePrice: (_root, { input }, ctx) => setStorePrice(ctx, input),
    createCategory: (_root, { input }, ctx) => createCategory(ctx, input),
    updateCategory: (_root, { input }, ctx) => updateCategory(ctx, input),
    deleteCategory: (_root, { input }, ctx) => deleteCategory(ctx, input.id),
    archiveCategory: (_root, { input }, ctx) => setCategoryActive(ctx, input.id, false),
    restoreCategory: (_root, { input }, ctx) => setCategoryActive(ctx, input.id, true),
    createModifierGroup: (_root, { input }, ctx) => createModifierGroup(ctx, input),
    updateModifierGroup: (_root, { input }, ctx) => updateModifierGroup(ctx, input),
    deleteModifierGroup: (_root, { input }, ctx) => deleteModifierGroup(ctx, input.id),
    archiveModifierGroup: (_root, { input }, ctx) => setModifierGroupActive(ctx, input.id, false),
    restoreModifierGroup: (_root, { input }, ctx) => setModifierGroupActive(ctx, input.id, true),
    importProducts: (_root, { input }, ctx) => importProducts(ctx, input),
    startProductImport: (_root, { input }, ctx) => startProductImport(ctx, input),
    uploadProductImportPart: (_root, { input }, ctx) => uploadProductImportPart(ctx, input),
    runProductImport: (_root, { input }, ctx) => runProductImport(ctx, input),
  },
  Product: {
    __resolveReference: (ref, ctx) => loadProduct(ctx, ref.id),
    names: (parent) => ({ uz: parent.name, ru: parent.nameRu, en: parent.nameEn }),
    price: (parent, { storeId }, ctx) => priceIn(ctx, parent, storeId),
    costPrice: (parent, _args, ctx) => visibleCost(ctx, parent),
    storePrices: (parent, _args, ctx) => loadStorePrices(ctx, parent.id),
    barcodes: (parent, _args, ctx) => parent.barcodes ?? loadBarcodes(ctx, parent.id),
    category: (parent, _args, ctx) => loadCategory(ctx, parent.categoryId),
    modifierGroups: (parent, _args, ctx) => loadProductModifierGroups(ctx, parent.id),
  },
  Category: {
    __resolveReference: (ref, ctx) => loadCategory(ctx, ref.id),
    parent: (parent, _args, ctx) => loadCategory(ctx, parent.parentId),
    children: (parent, _args, ctx) => loadChildren(ctx, parent.id),
  },
  ModifierGroup: {
    __resolveReference: (ref, ctx) => loadModifierGroup(ctx, ref.id),
    options: (parent, _args, ctx) => loadOptions(ctx, parent.id!),
  },
  ProductImport: {
    error: (job) => jobError(job),
    rowErrors: (job, args, ctx) => loadRowErrors(ctx, job.id, args),
  },
  CatalogChangePage: {
    compact: (page, { format }) => compactIn(page, format),
  },
  CatalogChange: {
    // Read by the page's statement when the query selected it (no loader round trip per row).
    product: (change, _args, ctx) =>
      change.entity === 'PRODUCT' && change.kind === 'UPSERT'
        ? (change.product ?? loadProduct(ctx, change.id!))
        : null,
    category: (change, _args, ctx) =>
      change.entity === 'CATEGORY' && change.kind === 'UPSERT' ? loadCategory(ctx, change.id) : null,
    modifierGroup: (change, _args, ctx) =>
      change.entity === 'MODIFIER_GROUP' && change.kind === 'UPSERT'
        ? loadModifierGroup(ctx, change.id!)
        : null,
  },
};
