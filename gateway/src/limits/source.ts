/**
 * Limits on the query text, checked before the parser runs: its length, then its tokens,
 * counted by graphql-js's lexer alone and only up to one past the limit. A 1 MB document of
 * repeated fields is refused by its length in constant time, and a long one under the length
 * limit costs at most `tokens + 1` lexer steps — the parser never sees either. The parser is
 * also given `maxTokens` (defence in depth), so the two counts agree.
 */
import { Lexer, Source, TokenKind } from 'graphql';
import type { OperationLimits } from './config.ts';
import { overLimit } from './errors.ts';

/** Tokens in `query`, counting at most `stopAfter` (a lexical error ends the count early). */
export function countTokens(query: string, stopAfter: number): number {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  try {
    while (count < stopAfter && lexer.advance().kind !== TokenKind.EOF) count++;
  } catch {
    // A syntax error: the parser reports it, with its position.
  }
  return count;
}

/** Throws `QUERY_TOO_LARGE` when the text is over the length or token limit. */
export function checkSource(query: string, limits: OperationLimits): void {
  if (query.length > limits.queryLength)
    throw overLimit('QUERY_TOO_LARGE', 'length', limits.queryLength, query.length, 'characters');
  const tokens = countTokens(query, limits.tokens + 1);
  if (tokens > limits.tokens)
    throw overLimit('QUERY_TOO_LARGE', 'tokens', limits.tokens, tokens, 'tokens (or more)');
}
