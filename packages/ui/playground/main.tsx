/**
 * The playground page: every @jowi/ui component in an app shell, in Uzbek by default, with a
 * language switcher and the theme toggle. See vite.config.ts.
 */
import { type ReactNode, StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import {
  AppShell,
  Banner,
  Card,
  CardContent,
  CardHeader,
  CardTitle,
  HeaderBar,
  LanguageSwitcher,
  SideNav,
  type Theme,
  ThemeToggle,
  Toaster,
  TooltipProvider,
  UiProvider,
  uiLocales,
} from '../src/index.ts';
import { AmountsDemo, ChartDemo, DateRangeDemo, ProductFormDemo } from './forms.tsx';
import { DialogDemo, MenusDemo, PaletteDemo, ToastDemo } from './overlays.tsx';
import { PagedTableDemo, VirtualTableDemo } from './tables.tsx';
import './record.ts';
import './styles.css';

type Language = keyof typeof uiLocales;

const SECTIONS = [
  { id: 'virtual-table', label: '100 000 qator' },
  { id: 'paged-table', label: 'Sahifali jadval' },
  { id: 'overlays', label: 'Oynalar' },
  { id: 'menus', label: 'Menyular' },
  { id: 'form', label: 'Forma' },
  { id: 'amounts', label: 'Summalar' },
  { id: 'dates', label: 'Sanalar' },
  { id: 'chart', label: 'Grafik' },
];

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card id={id} data-testid={id} className="scroll-mt-4">
      <CardHeader>
        <CardTitle>{title}</CardTitle>
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}

function Playground() {
  const [language, setLanguage] = useState<Language>('uz');
  const [theme, setTheme] = useState<Theme>('light');
  const applyTheme = (next: Theme) => {
    document.documentElement.classList.toggle('dark', next === 'dark');
    setTheme(next);
  };
  const title = (id: string) => SECTIONS.find((s) => s.id === id)?.label ?? id;
  return (
    <UiProvider locale={uiLocales[language]}>
      <TooltipProvider>
        <Toaster>
          <AppShell
            header={
              <HeaderBar
                brand="Jowi UI"
                actions={
                  <>
                    <LanguageSwitcher
                      value={language}
                      onChange={setLanguage}
                      options={[
                        { value: 'uz', label: 'UZ' },
                        { value: 'ru', label: 'RU' },
                        { value: 'en', label: 'EN' },
                      ]}
                    />
                    <ThemeToggle theme={theme} onThemeChange={applyTheme} />
                  </>
                }
              />
            }
            nav={
              <SideNav
                sections={[{ items: SECTIONS.map((s) => ({ ...s, href: `#${s.id}` })) }]}
                current="virtual-table"
              />
            }
          >
            <div className="flex flex-col gap-6">
              <Banner
                variant="warning"
                title="Sinov sahifasi"
                description="Bu yerdagi ma’lumotlar soxta: komponentlar sinovi uchun."
              />
              <Section id="virtual-table" title={title('virtual-table')}>
                <VirtualTableDemo />
              </Section>
              <Section id="paged-table" title={title('paged-table')}>
                <PagedTableDemo />
              </Section>
              <Section id="overlays" title={title('overlays')}>
                <div className="flex flex-wrap items-center gap-4">
                  <DialogDemo />
                  <ToastDemo />
                  <PaletteDemo onToggleTheme={() => applyTheme(theme === 'dark' ? 'light' : 'dark')} />
                </div>
              </Section>
              <Section id="menus" title={title('menus')}>
                <MenusDemo />
              </Section>
              <Section id="form" title={title('form')}>
                <ProductFormDemo />
              </Section>
              <Section id="amounts" title={title('amounts')}>
                <AmountsDemo />
              </Section>
              <Section id="dates" title={title('dates')}>
                <DateRangeDemo />
              </Section>
              <Section id="chart" title={title('chart')}>
                <ChartDemo />
              </Section>
            </div>
          </AppShell>
        </Toaster>
      </TooltipProvider>
    </UiProvider>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing');
createRoot(root).render(
  <StrictMode>
    <Playground />
  </StrictMode>,
);
