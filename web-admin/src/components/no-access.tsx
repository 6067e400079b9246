import { Card, EmptyState } from '@jowi/ui';
import { getI18n } from '../i18n/server.ts';

/** What a page shows to someone whose role may not open it (the gateway would refuse the data anyway). */
export async function NoAccess() {
  const { dict } = await getI18n();
  return (
    <Card data-testid="no-access">
      <EmptyState title={dict.common.noAccessTitle} description={dict.common.noAccessDescription} />
    </Card>
  );
}
