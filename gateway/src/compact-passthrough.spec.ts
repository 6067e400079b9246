/**
 * Which operations and which subgraph bodies the lean-pull passthrough takes (the whole path over
 * a real stack is system/src/compact-passthrough.spec.ts).
 */
import { type OperationDefinitionNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { dataValueOf, leanPullField } from './compact-passthrough.ts';

const operation = (text: string) => parse(text).definitions[0] as OperationDefinitionNode;

describe('leanPullField', () => {
  it('takes catalogChanges selecting only cursor, hasMore, compact and __typename', () => {
    expect(
      leanPullField(operation('{ catalogChanges { cursor hasMore compact(format: 1) } }')),
    ).not.toBeNull();
    expect(
      leanPullField(operation('{ f: catalogChanges(first: 9) { __typename c: compact(format: 1) } }')),
    ).not.toBeNull();
  });

  it('leaves every other shape to the planner', () => {
    for (const text of [
      '{ catalogChanges { cursor hasMore } }',
      '{ catalogChanges { cursor changes { seq } compact(format: 1) } }',
      '{ catalogChanges { ...P } } fragment P on CatalogChangePage { compact(format: 1) }',
      '{ catalogChanges { ... on CatalogChangePage { compact(format: 1) } } }',
      '{ catalogChanges { compact(format: 1) @include(if: true) } }',
      '{ catalogChanges @skip(if: false) { compact(format: 1) } }',
      'query Q @cached { catalogChanges { compact(format: 1) } }',
      '{ catalogChanges { compact(format: 1) } products(first: 1) { edges { cursor } } }',
      'subscription { catalogChanges { compact(format: 1) } }',
    ])
      expect(leanPullField(operation(text)), text).toBeNull();
  });
});

describe('dataValueOf', () => {
  const page =
    '{"cursor":"7","hasMore":false,"compact":{"format":1,"products":{"name":["a \\"errors\\": b"]}}}';

  it('returns the value of a plain answer, with or without a trailing newline', () => {
    expect(dataValueOf(`{"data":{"catalogChanges":${page}}}\n`, 'catalogChanges')).toBe(page);
    expect(dataValueOf(`{"data":{"feed":${page}}}`, 'feed')).toBe(page);
  });

  it('refuses errors, extensions, another key or anything that is not the whole answer', () => {
    expect(
      dataValueOf(`{"errors":[{"message":"x"}],"data":{"catalogChanges":${page}}}`, 'catalogChanges'),
    ).toBeNull();
    expect(
      dataValueOf(`{"data":{"catalogChanges":${page}},"extensions":{"x":{}}}`, 'catalogChanges'),
    ).toBeNull();
    expect(
      dataValueOf(`{"data":{"catalogChanges":${page}},"errors":[{"message":"x"}]}`, 'catalogChanges'),
    ).toBeNull();
    expect(dataValueOf(`{"data":{"other":${page}}}`, 'catalogChanges')).toBeNull();
    expect(dataValueOf('{"data":{"catalogChanges":null}}', 'catalogChanges')).toBe('null');
    expect(dataValueOf('<html>bad gateway</html>', 'catalogChanges')).toBeNull();
  });
});
