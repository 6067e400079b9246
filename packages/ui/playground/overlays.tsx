/** Dialogs, the command palette, toasts, menus, selects, tabs, tooltips and a popover. */
import { useState } from 'react';
import {
  Button,
  CommandPalette,
  ConfirmDialog,
  Dialog,
  DialogClose,
  DialogContent,
  DialogFooter,
  DialogTrigger,
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
  FormField,
  Input,
  Popover,
  PopoverContent,
  PopoverTrigger,
  Select,
  Tabs,
  TabsContent,
  TabsList,
  TabsTrigger,
  Tooltip,
  useToast,
} from '../src/index.ts';
import { record } from './record.ts';

/**
 * A dialog with a form inside, and a confirmation of a destructive action. Its Save confirms with
 * a toast while the dialog stays open, so the toast sits above the dialog (Escape still closes
 * the dialog).
 */
export function DialogDemo() {
  const [confirming, setConfirming] = useState(false);
  const { toast } = useToast();
  return (
    <div className="flex flex-wrap gap-2">
      <Dialog>
        <DialogTrigger asChild>
          <Button variant="outline">Kategoriya qo‘shish</Button>
        </DialogTrigger>
        <DialogContent title="Yangi kategoriya" description="Nomi mahsulotlar ro‘yxatida ko‘rinadi.">
          <FormField label="Nomi">
            <Input placeholder="Masalan, Salatlar" />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline">Bekor qilish</Button>
            </DialogClose>
            <Button
              onClick={() => {
                record('dialog.save', null);
                toast({ title: 'Kategoriya saqlandi', duration: 60_000 });
              }}
            >
              Saqlash
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
      <Button variant="destructive" onClick={() => setConfirming(true)}>
        12 ta mahsulotni o‘chirish
      </Button>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="12 ta mahsulot o‘chirilsinmi?"
        description="Ular arxivga o‘tadi; sotuvlar tarixi saqlanadi."
        confirmLabel="12 ta mahsulotni o‘chirish"
        cancelLabel="Bekor qilish"
        onConfirm={() => record('confirm.delete', 12)}
      />
    </div>
  );
}

/** The Ctrl+K palette with pages and actions. */
export function PaletteDemo({ onToggleTheme }: { onToggleTheme: () => void }) {
  const go = (page: string) => () => record('palette.run', page);
  return (
    <div className="text-sm text-muted-foreground">
      <kbd className="rounded border px-1.5 py-0.5">Ctrl</kbd> +{' '}
      <kbd className="rounded border px-1.5 py-0.5">K</kbd> buyruqlar oynasini ochadi.
      <CommandPalette
        commands={[
          {
            id: 'dashboard',
            label: 'Bosh sahifa',
            group: 'Sahifalar',
            keywords: ['dashboard', 'главная'],
            onSelect: go('dashboard'),
          },
          {
            id: 'sales',
            label: 'Sotuvlar',
            group: 'Sahifalar',
            keywords: ['sales', 'чеки'],
            onSelect: go('sales'),
          },
          {
            id: 'products',
            label: 'Mahsulotlar',
            group: 'Sahifalar',
            keywords: ['products', 'товары'],
            onSelect: go('products'),
          },
          {
            id: 'shifts',
            label: 'Smenalar',
            group: 'Sahifalar',
            keywords: ['shifts'],
            onSelect: go('shifts'),
          },
          {
            id: 'new-product',
            label: 'Yangi mahsulot',
            group: 'Amallar',
            shortcut: 'N',
            onSelect: go('new-product'),
          },
          {
            id: 'theme',
            label: 'Mavzuni almashtirish',
            group: 'Amallar',
            keywords: ['theme', 'dark'],
            onSelect: onToggleTheme,
          },
        ]}
      />
    </div>
  );
}

/**
 * A success toast with an Undo action. It stays for a minute: the browser test clicks its action,
 * and on a loaded machine the default five seconds can pass before the click lands.
 */
export function ToastDemo() {
  const { toast } = useToast();
  return (
    <Button
      onClick={() =>
        toast({
          title: 'Mahsulot saqlandi',
          description: 'Osh (plov) — 45 000 so‘m',
          variant: 'success',
          duration: 60_000,
          action: { label: 'Bekor qilish', onClick: () => record('toast.undo', null) },
        })
      }
    >
      Saqlash
    </Button>
  );
}

const PAYMENTS = [
  { value: 'CASH', label: 'Naqd' },
  { value: 'CARD', label: 'Karta' },
  { value: 'PAYME', label: 'Payme' },
  { value: 'CLICK', label: 'Click' },
  { value: 'UZUM', label: 'Uzum' },
];

/** A select, a dropdown menu, tabs, a tooltip and a popover. */
export function MenusDemo() {
  const [method, setMethod] = useState<string | undefined>();
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end gap-4">
        <FormField id="payment-method" label="To‘lov usuli" className="w-56">
          <Select
            value={method}
            options={PAYMENTS}
            onValueChange={(next) => {
              record('select.payment', next);
              setMethod(next);
            }}
          />
        </FormField>
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="outline">Amallar</Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent>
            <DropdownMenuItem onSelect={() => record('menu.run', 'edit')}>Tahrirlash</DropdownMenuItem>
            <DropdownMenuItem onSelect={() => record('menu.run', 'duplicate')}>Nusxa olish</DropdownMenuItem>
            <DropdownMenuSeparator />
            <DropdownMenuItem destructive onSelect={() => record('menu.run', 'archive')}>
              Arxivlash
            </DropdownMenuItem>
          </DropdownMenuContent>
        </DropdownMenu>
        <Tooltip content="Sof savdo = yalpi savdo − chegirmalar − qaytarishlar">
          <Button variant="ghost">Sof savdo ⓘ</Button>
        </Tooltip>
        <Popover>
          <PopoverTrigger asChild>
            <Button variant="outline">Filtrlar</Button>
          </PopoverTrigger>
          <PopoverContent className="w-72">
            <FormField label="Minimal summa">
              <Input placeholder="0" />
            </FormField>
          </PopoverContent>
        </Popover>
      </div>
      <Tabs defaultValue="all">
        <TabsList aria-label="Ko‘rinishlar">
          <TabsTrigger value="all">Hammasi</TabsTrigger>
          <TabsTrigger value="active">Faol</TabsTrigger>
          <TabsTrigger value="archived">Arxiv</TabsTrigger>
        </TabsList>
        <TabsContent value="all">Barcha mahsulotlar.</TabsContent>
        <TabsContent value="active">Faol mahsulotlar.</TabsContent>
        <TabsContent value="archived">Arxivdagi mahsulotlar.</TabsContent>
      </Tabs>
    </div>
  );
}
