/** JSON text written into a response as it is, everything else serialised as usual. */
import { describe, expect, it } from 'vitest';
import { RawJson, stringifyWithRawJson } from './raw-json.ts';

describe('RawJson', () => {
  it('is written as its text, not as a string', () => {
    const text = '{"format" : 1, "ids" : [1, 2,3], "name": "Lag\'mon $& $1"}';
    const out = stringifyWithRawJson({
      data: { page: { cursor: '7', compact: new RawJson(text) }, n: [new RawJson('[]')] },
    });
    expect(out).toBe(`{"data":{"page":{"cursor":"7","compact":${text}},"n":[[]]}}`);
    expect(JSON.parse(out).data.page.compact).toEqual({ format: 1, ids: [1, 2, 3], name: "Lag'mon $& $1" });
  });

  it('leaves look-alike strings alone and parses itself outside the writer', () => {
    const lookAlike = '\u00000123456789abcdef:0';
    expect(stringifyWithRawJson({ a: lookAlike, b: new RawJson('true') })).toBe(
      JSON.stringify({ a: lookAlike, b: true }),
    );
    expect(JSON.stringify({ b: new RawJson('{"x" : [1]}') })).toBe('{"b":{"x":[1]}}');
    expect(stringifyWithRawJson({ plain: [1, 'two'] })).toBe('{"plain":[1,"two"]}');
  });
});
