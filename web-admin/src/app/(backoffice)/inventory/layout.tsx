import type { ReactNode } from 'react';
import { InventoryTabs } from './_shared/inventory-tabs.tsx';

/**
 * The frame of every inventory page: a tab bar over stock, receipts, transfers, stock-takes and
 * write-offs. Each page checks its own permission (a layout can be skipped by a soft navigation).
 */
export default function InventoryLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex flex-col gap-4">
      <InventoryTabs />
      <div>{children}</div>
    </div>
  );
}
