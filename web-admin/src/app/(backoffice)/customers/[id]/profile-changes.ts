/** What a customer's profile form changed: the `UpdateCustomerInput` fields to send, and only those. */

/** The form's text fields (tags comma-separated). */
export interface ProfileValues {
  name: string;
  phone: string;
  birthday: string;
  tags: string;
  notes: string;
}

const tagsOf = (text: string) =>
  text
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);

/** The `UpdateCustomerInput` changes between the stored customer and the form. */
export function changesOf(before: ProfileValues, after: ProfileValues, phoneRevealed: boolean) {
  const changes: {
    name?: string | null;
    phone?: string;
    birthday?: string | null;
    tags?: string[];
    notes?: string | null;
  } = {};
  if (after.name.trim() !== before.name) changes.name = after.name.trim() || null;
  // A masked phone is never sent back: only a phone typed over it is a change.
  if (after.phone.trim() !== before.phone && (phoneRevealed || !after.phone.includes('*')))
    changes.phone = after.phone.trim();
  if (after.birthday !== before.birthday) changes.birthday = after.birthday || null;
  if (tagsOf(after.tags).join('\n') !== tagsOf(before.tags).join('\n')) changes.tags = tagsOf(after.tags);
  if (after.notes.trim() !== before.notes) changes.notes = after.notes.trim() || null;
  return changes;
}
