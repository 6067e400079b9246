/** Store and till names by id, from a `stores { edges { node { id name terminals { id name } } } }` selection. */
interface StoresShape {
  edges: readonly {
    node: { id: string; name: string; terminals: readonly { id: string; name: string }[] };
  }[];
}

/** Names of stores and tills by id; unknown ids fall back to the id itself. */
export function directoryNames(stores: StoresShape | undefined) {
  const storeNames = new Map<string, string>();
  const terminalNames = new Map<string, string>();
  for (const { node } of stores?.edges ?? []) {
    storeNames.set(node.id, node.name);
    for (const terminal of node.terminals) terminalNames.set(terminal.id, terminal.name);
  }
  return {
    store: (id: string) => storeNames.get(id) ?? id,
    terminal: (id: string) => terminalNames.get(id) ?? id,
    terminals: [...terminalNames].map(([id, name]) => ({ id, name })),
  };
}
