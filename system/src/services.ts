/** The deployables, their default ports and where their schema lives. One list, used by scripts. */
export const SUBGRAPH_PORTS = {
  identity: 4001,
  catalog: 4002,
  sales: 4003,
  inventory: 4004,
  customers: 4005,
  fiscal: 4006,
} as const;

export type SubgraphKey = keyof typeof SUBGRAPH_PORTS;
export const SUBGRAPH_NAMES = Object.keys(SUBGRAPH_PORTS) as SubgraphKey[];
export const GATEWAY_PORT = 4000;
export const ADMIN_PORT = 3000;
export const POS_PORT = 5173;
