'use client';

/**
 * The command palette: Ctrl+K (⌘K on a Mac) opens a searchable list of commands from anywhere
 * — pages to go to, actions to run. Typing filters (fuzzy, on the label and keywords), the
 * arrow keys move, Enter runs the highlighted command and closes the palette, Escape closes it.
 * Built on cmdk inside a Radix dialog, so focus is trapped and returns where it was.
 */
import * as DialogPrimitive from '@radix-ui/react-dialog';
import { Command, defaultFilter } from 'cmdk';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useEscapeBelowToast } from './escape-layers.tsx';
import { useMessages } from './locale.tsx';
import type { UiMessages } from './messages.ts';

/** One entry of the {@link CommandPalette}. */
export interface PaletteCommand {
  /** Unique id. */
  id: string;
  /** What the user reads and searches, e.g. "Go to Products". */
  label: string;
  /** Heading the command is listed under, e.g. "Pages". */
  group?: string;
  /** Other words that should find it (synonyms, other languages). */
  keywords?: readonly string[];
  /** Shortcut hint shown at the right, e.g. "G P". */
  shortcut?: string;
  icon?: ReactNode;
  /** Runs the command; the palette has closed already. */
  onSelect: () => void;
}

/** Props of {@link CommandPalette}. */
export interface CommandPaletteProps {
  commands: readonly PaletteCommand[];
  /** Controlled open state; leave out to let the palette manage it. */
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  /** The letter pressed with Ctrl/⌘. Default `k`; `null` disables the shortcut. */
  hotkey?: string | null;
  messages?: Partial<UiMessages['commandPalette']>;
  /**
   * Called with the text typed, for commands found elsewhere (a server search): give those
   * commands the text among their `keywords` so the palette's own filter keeps them.
   */
  onSearchChange?: (search: string) => void;
}

const filter = (_value: string, search: string, keywords?: string[]) =>
  defaultFilter(keywords?.join(' ') ?? '', search);

/** The Ctrl+K command palette. Mount it once near the root of the app. */
export function CommandPalette({
  commands,
  open,
  onOpenChange,
  hotkey = 'k',
  messages,
  onSearchChange,
}: CommandPaletteProps) {
  const text = useMessages('commandPalette', messages);
  const [ownOpen, setOwnOpen] = useState(false);
  const isOpen = open ?? ownOpen;
  const setOpen = (next: boolean) => {
    if (open === undefined) setOwnOpen(next);
    onOpenChange?.(next);
  };

  useHotkey(hotkey, () => setOpen(!isOpen));

  const groups = groupCommands(commands);
  const belowToast = useEscapeBelowToast();
  function run(command: PaletteCommand): void {
    setOpen(false);
    command.onSelect();
  }

  return (
    <DialogPrimitive.Root open={isOpen} onOpenChange={setOpen}>
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className="fixed inset-0 z-50 bg-black/50" />
        <DialogPrimitive.Content
          aria-describedby={undefined}
          onKeyDown={belowToast.onKeyDown}
          className="fixed top-[15vh] left-1/2 z-50 w-[calc(100%-2rem)] max-w-xl -translate-x-1/2 overflow-hidden rounded-lg border bg-card text-card-foreground shadow-xl outline-none"
        >
          {belowToast.closer}
          <DialogPrimitive.Title className="sr-only">{text.title}</DialogPrimitive.Title>
          <Command label={text.title} filter={filter} loop>
            <div className="flex items-center gap-2 border-b px-3">
              <svg
                viewBox="0 0 24 24"
                className="size-4 shrink-0 text-muted-foreground"
                fill="none"
                stroke="currentColor"
                strokeWidth="2"
                aria-hidden="true"
              >
                <circle cx="11" cy="11" r="7" />
                <path d="m20 20-3.5-3.5" />
              </svg>
              <Command.Input
                onValueChange={onSearchChange}
                placeholder={text.placeholder}
                className="h-12 w-full bg-transparent text-sm outline-none placeholder:text-muted-foreground"
              />
            </div>
            <Command.List className="max-h-80 overflow-y-auto p-1">
              <Command.Empty className="px-3 py-6 text-center text-sm text-muted-foreground">
                {text.empty}
              </Command.Empty>
              {groups.map(([heading, items]) => (
                <Command.Group
                  key={heading}
                  heading={heading || undefined}
                  className="[&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1.5 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-medium [&_[cmdk-group-heading]]:text-muted-foreground"
                >
                  {items.map((command) => (
                    <Command.Item
                      key={command.id}
                      value={command.id}
                      keywords={[command.label, ...(command.keywords ?? [])]}
                      onSelect={() => run(command)}
                      className="flex min-h-9 cursor-pointer items-center gap-2 rounded-sm px-2 text-sm select-none data-[selected=true]:bg-muted"
                    >
                      {command.icon ? <span className="text-muted-foreground">{command.icon}</span> : null}
                      <span className="flex-1">{command.label}</span>
                      {command.shortcut ? (
                        <kbd className="text-xs tracking-widest text-muted-foreground">
                          {command.shortcut}
                        </kbd>
                      ) : null}
                    </Command.Item>
                  ))}
                </Command.Group>
              ))}
            </Command.List>
          </Command>
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}

function groupCommands(commands: readonly PaletteCommand[]): [string, PaletteCommand[]][] {
  const groups = new Map<string, PaletteCommand[]>();
  for (const command of commands) {
    const key = command.group ?? '';
    groups.set(key, [...(groups.get(key) ?? []), command]);
  }
  return [...groups];
}

/** Calls `action` on Ctrl+`key` or ⌘+`key` anywhere in the page. */
function useHotkey(key: string | null, action: () => void): void {
  const latest = useRef(action);
  useEffect(() => {
    latest.current = action;
  });
  useEffect(() => {
    if (!key) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== key) return;
      event.preventDefault();
      latest.current();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [key]);
}
