import type { Metadata } from 'next';
import { NoAccess } from '../../../../components/no-access.tsx';
import { getI18n } from '../../../../i18n/server.ts';
import { can, requireSession } from '../../../../server/guard.ts';
import { SaleView } from './sale-view.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.sales.title };
}

/** One receipt (`sales:read`); refunding it needs `sales:refund`, its customer `customers:read`. */
export default async function SalePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const session = await requireSession(`/sales/${encodeURIComponent(id)}`);
  if (!can(session, 'sales:read')) return <NoAccess />;
  return (
    <SaleView
      id={id}
      canRefund={can(session, 'sales:refund')}
      withCustomer={can(session, 'customers:read')}
      withFiscal={can(session, 'fiscal:read')}
    />
  );
}
