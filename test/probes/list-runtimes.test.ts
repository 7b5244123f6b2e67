import { describe, expect, it } from 'vitest';
import { nameMatcher } from '../../src/probes/aws/list-runtimes.js';

describe('--name-filter', () => {
  it.each([
    [undefined, 'anything', true],
    ['prod', 'orders_prod_mcp', true],
    ['PROD', 'orders_prod_mcp', true],
    ['prod', 'orders_dev_mcp', false],
    ['prod_*', 'prod_orders', true],
    ['prod_*', 'orders_prod', false],
    ['*_mcp', 'orders_mcp', true],
    ['srv_?', 'srv_1', true],
    ['srv_?', 'srv_12', false],
    ['a.b*', 'axb', false],
  ])('%s matches %s: %s', (filter, name, expected) => {
    expect(nameMatcher(filter)(name)).toBe(expected);
  });
});
