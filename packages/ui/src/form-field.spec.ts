import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrors } from './form-field.tsx';

describe('fieldErrors', () => {
  it('keys the first zod message per field by its dotted path', () => {
    const schema = z.object({
      name: z.string().min(2, 'too short').max(3, 'too long'),
      barcodes: z.array(z.string().regex(/^\d{13}$/, 'EAN-13 has 13 digits')),
    });
    const result = schema.safeParse({ name: 'x', barcodes: ['4780000000012', '12'] });
    expect(fieldErrors(result.error)).toEqual({ name: 'too short', 'barcodes.1': 'EAN-13 has 13 digits' });
  });

  it('gives nothing for a valid result', () => {
    expect(fieldErrors(z.string().safeParse('ok').error)).toEqual({});
  });
});
