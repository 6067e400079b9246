/**
 * `jowi_graphql_operations_total` has bounded labels (issue 16): a client cannot create a metric
 * series per name it makes up. Unnamed operations are `anonymous`, names that are not GraphQL
 * names are `other`, and past MAX_OPERATION_LABELS distinct names every new one is `other`.
 */
import { describe, expect, it } from 'vitest';
import { MAX_OPERATION_LABELS, ServiceMetrics } from './metrics.ts';

async function operationLabels(metrics: ServiceMetrics): Promise<Map<string, number>> {
  const { values } = await metrics.graphqlOperations.get();
  return new Map(values.map((v) => [String(v.labels.operation), v.value]));
}

describe('operation labels', () => {
  it('labels resolved names, unnamed as anonymous and non-names as other', async () => {
    const metrics = new ServiceMetrics('test');
    metrics.countOperation('Products', 'ok');
    metrics.countOperation('Products', 'ok');
    metrics.countOperation(null, 'ok');
    metrics.countOperation('', 'ok');
    metrics.countOperation('x"} 1\njowi_fake{a="', 'ok');
    metrics.countOperation('a'.repeat(101), 'ok');
    expect(Object.fromEntries(await operationLabels(metrics))).toEqual({
      Products: 2,
      anonymous: 2,
      other: 2,
    });
  });

  it(`never holds more than ${MAX_OPERATION_LABELS} names: the rest count as other`, async () => {
    const metrics = new ServiceMetrics('test');
    for (let i = 0; i < MAX_OPERATION_LABELS + 500; i++) metrics.countOperation(`Op${i}`, 'ok');
    // A name seen before the cap keeps its own series.
    metrics.countOperation('Op0', 'ok');
    const labels = await operationLabels(metrics);
    expect(labels.size).toBe(MAX_OPERATION_LABELS + 1);
    expect(labels.get('other')).toBe(500);
    expect(labels.get('Op0')).toBe(2);
    expect(labels.has(`Op${MAX_OPERATION_LABELS}`)).toBe(false);
  });
});
