/**
 * A staff member's own preferences: the back-office language, kept on the staff row so it follows
 * the person to any browser (the admin applies it at sign-in). Only ever one's own row: the
 * subject of the verified token, never an id from the input.
 */
import { type RequestContext, requireTenant, unauthenticated } from '@jowi/server-kit';
import { z } from 'zod';
import type { InterfaceLanguage, SetMyPreferencesInput } from '../__generated__/resolvers-types.ts';
import type { StaffRow } from '../entities/staff.entity.ts';
import type { IdentityUserError } from '../errors/index.ts';
import { staffLoader } from './directory.service.ts';

const LANGUAGES = { UZ: 'uz', RU: 'ru', EN: 'en' } as const satisfies Record<InterfaceLanguage, string>;
const inputSchema = z.object({ language: z.enum(['UZ', 'RU', 'EN']) });

/** The stored language (`uz`, …) as the API's enum; null when none (or an unknown one) is stored. */
export function languageOf(staff: Pick<StaffRow, 'language'>): InterfaceLanguage | null {
  const entry = Object.entries(LANGUAGES).find(([, code]) => code === staff.language);
  return entry ? (entry[0] as InterfaceLanguage) : null;
}

/** `Mutation.setMyPreferences`: any signed-in staff member, for themself. */
export async function setMyPreferences(
  ctx: RequestContext,
  input: SetMyPreferencesInput,
): Promise<{ staff: StaffRow | null; errors: IdentityUserError[] }> {
  requireTenant(ctx);
  const subject = ctx.identity.subject;
  if (ctx.identity.kind !== 'staff' || !subject)
    throw unauthenticated('Only a signed-in staff member has preferences');
  const { language } = inputSchema.parse(input);
  await ctx.tx((m) =>
    m.query('UPDATE identity.staff SET language = $2 WHERE id = $1', [subject, LANGUAGES[language]]),
  );
  staffLoader(ctx).clear(subject);
  return { staff: await staffLoader(ctx).load(subject), errors: [] };
}
