/**
 * The fiscal requisites a fiscal module (FM) returns for a registered receipt — terminal id
 * (`UZ191211501033`), receipt number in the FM, the FM's clock (`yyyyMMddHHmmss`, Tashkent time)
 * and the 12-digit fiscal sign — as the back office checks them before storing them. The rules,
 * codes and the QR link are `@jowi/receipt`'s, the same the POS, the sales subgraph and the fiscal
 * gateway apply; this file only turns their problems into this API's `UserError`s.
 */
import { checkFiscalRequisites, type FiscalRequisites } from '@jowi/receipt';
import { type FiscalUserError, userError } from '../errors/index.ts';

export {
  type FiscalRequisites,
  fiscalQrUrl,
  /** Parses an FM time (`yyyyMMddHHmmss`, Tashkent time); null unless a real moment in 2000–2099. */
  parseFiscalDateTime as parseFmDateTime,
} from '@jowi/receipt';

/** Every problem with the requisites at once, each pointing at its input field. */
export function validateRequisites(input: FiscalRequisites): FiscalUserError[] {
  return checkFiscalRequisites(input).map((problem) =>
    userError(problem.code, problem.message, ['input', problem.field]),
  );
}
