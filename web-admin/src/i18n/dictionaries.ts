/**
 * The admin's interface texts in Uzbek (Latin), Russian and English, combined from one module per
 * area under `dictionaries/` (so pages built in parallel never edit the same file). Each module
 * exports a `Record<Locale, Texts>` typed by its own interface: a missing or extra key, or a
 * missing language, is a compile error, so the three never drift apart. Texts are plain strings
 * (no functions) so server components can hand them to client components; placeholders like
 * `{count}` are filled with {@link fill}.
 *
 * To add an area: write `dictionaries/<area>.ts`, then add one line to {@link Dictionary} and
 * one to {@link dictionaryFor}.
 */
import { type DecimalFormat, NUMBER_FORMATS } from '@jowi/receipt';
import { type CatalogTexts, catalog } from './dictionaries/catalog.ts';
import { type CommonTexts, common, type ErrorPageTexts, errorPage } from './dictionaries/common.ts';
import { type CustomersTexts, customers } from './dictionaries/customers.ts';
import { type DashboardTexts, dashboard } from './dictionaries/dashboard.ts';
import { type FiscalTexts, fiscal } from './dictionaries/fiscal.ts';
import { type InventoryTexts, inventory } from './dictionaries/inventory.ts';
import { type InventoryOpsTexts, inventoryOps } from './dictionaries/inventory-ops.ts';
import { type LoginTexts, login } from './dictionaries/login.ts';
import { type ProductsTexts, products } from './dictionaries/products.ts';
import { type RecipesTexts, recipes } from './dictionaries/recipes.ts';
import { type ReportsTexts, reports } from './dictionaries/reports.ts';
import { type SalesTexts, sales } from './dictionaries/sales.ts';
import { type SettingsTexts, settings } from './dictionaries/settings.ts';
import { type NavTexts, nav } from './dictionaries/shell.ts';
import { type ShiftsTexts, shifts } from './dictionaries/shifts.ts';
import type { Locale } from './locale.ts';

export type { CustomersFormErrorCode, LedgerKind } from './dictionaries/customers.ts';
export type { FiscalReasonCode } from './dictionaries/fiscal.ts';
export type {
  InventoryFormErrorCode,
  InventoryTab,
  MovementKind,
  WriteOffReasonCode,
} from './dictionaries/inventory.ts';
export type { InventoryOpsErrorCode } from './dictionaries/inventory-ops.ts';
export type { LoginErrorCode } from './dictionaries/login.ts';
export type { ReportTab } from './dictionaries/reports.ts';
export type { RefundErrorCode } from './dictionaries/sales.ts';
export type { NavPage } from './dictionaries/shell.ts';

/** Every text of the admin, for one language. */
export interface Dictionary {
  /** How numbers are written in this language. */
  number: DecimalFormat;
  common: CommonTexts;
  nav: NavTexts;
  login: LoginTexts;
  products: ProductsTexts;
  catalog: CatalogTexts;
  dashboard: DashboardTexts;
  fiscal: FiscalTexts;
  sales: SalesTexts;
  shifts: ShiftsTexts;
  customers: CustomersTexts;
  settings: SettingsTexts;
  reports: ReportsTexts;
  inventory: InventoryTexts;
  inventoryOps: InventoryOpsTexts;
  recipes: RecipesTexts;
  errorPage: ErrorPageTexts;
}

/** The texts of one language. */
export function dictionaryFor(locale: Locale): Dictionary {
  return {
    number: NUMBER_FORMATS[locale],
    common: common[locale],
    nav: nav[locale],
    login: login[locale],
    products: products[locale],
    catalog: catalog[locale],
    dashboard: dashboard[locale],
    fiscal: fiscal[locale],
    sales: sales[locale],
    shifts: shifts[locale],
    customers: customers[locale],
    settings: settings[locale],
    reports: reports[locale],
    inventory: inventory[locale],
    inventoryOps: inventoryOps[locale],
    recipes: recipes[locale],
    errorPage: errorPage[locale],
  };
}

/** Fills `{name}` placeholders: `fill('{count} shown', { count: 3 })` → `"3 shown"`. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}

/** Language names for the switcher, each in its own language. */
export const LANGUAGE_OPTIONS: readonly { value: Locale; label: string; title: string }[] = [
  { value: 'uz', label: 'UZ', title: 'O‘zbekcha' },
  { value: 'ru', label: 'RU', title: 'Русский' },
  { value: 'en', label: 'EN', title: 'English' },
];
