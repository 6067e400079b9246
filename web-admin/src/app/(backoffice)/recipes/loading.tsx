import { Card, Spinner } from '@jowi/ui';
import { getI18n } from '../../../i18n/server.ts';

/** Shown while the recipes page's server part (session check) renders. */
export default async function RecipesLoading() {
  const { dict } = await getI18n();
  return (
    <Card className="flex justify-center py-16">
      <Spinner size="lg" label={dict.common.loading} />
    </Card>
  );
}
