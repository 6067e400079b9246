/** The till's top bar: who is signed in, connection state, preferences and logout. */
import { Badge, Button } from '@jowi/ui';
import { useI18n } from '../../lib/i18n.tsx';
import { sessionStore, useSession } from '../../lib/session.ts';
import { Preferences } from './preferences.tsx';

export function Header({ offline }: { offline: boolean }) {
  const { t } = useI18n();
  const session = useSession();
  return (
    <header className="flex items-center gap-4 border-b bg-card px-4 py-2">
      <p className="font-semibold text-primary">{t('app.name')}</p>
      {session ? (
        <p className="min-w-0 truncate text-sm text-muted-foreground">
          {session.staff.tenantName} · {session.staff.name}
        </p>
      ) : null}
      {offline ? (
        <Badge variant="warning" role="status">
          {t('sell.offline')}
        </Badge>
      ) : null}
      <div className="ml-auto flex items-center gap-2">
        <Preferences />
        <Button variant="outline" size="sm" onClick={() => sessionStore.set(null)}>
          {t('logout')}
        </Button>
      </div>
    </header>
  );
}
