import { Card, Spinner } from '@jowi/ui';
import { getI18n } from '../../../i18n/server.ts';

/** Shown while an inventory page's server part (session check, stores) renders. */
export default async function InventoryLoading() {
  const { dict } = await getI18n();
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-2">
        <div className="h-7 w-40 animate-pulse rounded-md bg-muted" />
        <div className="h-4 w-72 animate-pulse rounded-md bg-muted" />
      </div>
      <Card className="flex justify-center py-16">
        <Spinner size="lg" label={dict.common.loading} />
      </Card>
    </div>
  );
}
