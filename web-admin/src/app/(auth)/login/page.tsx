import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@jowi/ui';
import type { Metadata } from 'next';
import { getI18n } from '../../../i18n/server.ts';
import { safeNextPath } from '../../../lib/safe-path.ts';
import { LoginForm } from './login-form.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.login.submit };
}

/** Sign-in page. `?next=/path` brings the user back where they were after signing in. */
export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ dict }, params] = await Promise.all([getI18n(), searchParams]);
  const next = safeNextPath(typeof params.next === 'string' ? params.next : undefined);
  return (
    <Card className="w-full max-w-sm">
      <CardHeader>
        <p className="text-2xl font-bold tracking-tight text-primary">{dict.common.appName}</p>
        <CardTitle>{dict.login.title}</CardTitle>
        <CardDescription>{dict.login.subtitle}</CardDescription>
      </CardHeader>
      <CardContent>
        <LoginForm next={next} />
      </CardContent>
    </Card>
  );
}
