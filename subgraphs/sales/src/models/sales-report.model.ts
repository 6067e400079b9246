/**
 * `SalesReport` as its field resolvers receive it: the validated range and the stores it counts
 * (the tenant's, checked once by `Query.salesReport`). Each field runs its own statement.
 */
export interface SalesReportScope {
  tenantId: string;
  from: string;
  to: string;
  storeIds: string[];
}
