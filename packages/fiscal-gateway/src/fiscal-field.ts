/**
 * The fiscal field rules of `@jowi/receipt` as zod schemas, for the gateway's request bodies and
 * the E-POS wire format: the same rule and message wherever an IKPU, package code, FM id, receipt
 * number, FM time or fiscal sign is checked.
 */
import { FISCAL_FIELDS, type FiscalField } from '@jowi/receipt';
import { z } from 'zod';

/** A string field checked by its fiscal rule (ikpu, packageCode, taxId, terminalId, dateTime, fiscalSign). */
export const fiscalText = (field: Exclude<FiscalField, 'receiptSeq'>) =>
  z.string().refine((value) => FISCAL_FIELDS[field].test(value), FISCAL_FIELDS[field].message);

/** A receipt number in the FM, checked by its fiscal rule. */
export const receiptSeqNumber = () =>
  z.number().refine((value) => FISCAL_FIELDS.receiptSeq.test(value), FISCAL_FIELDS.receiptSeq.message);
