import { redirect } from 'next/navigation';
import { HOME_PATH } from '../lib/safe-path.ts';

/** `/` has no content of its own. */
export default function Home() {
  redirect(HOME_PATH);
}
