/**
 * Display formatting of the API's `Money` and `Quantity` strings lives in `@jowi/receipt` (one
 * implementation for the POS, the web admin and the slips); re-exported here for components.
 */
export { type DecimalFormat, type FormatDecimalOptions, formatDecimalString } from '@jowi/receipt';
