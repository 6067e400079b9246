/** The deployables, their default ports and where their schema lives. One list, used by scripts. */
export const SUBGRAPH_PORTS = {
  identity: 4001,
  catalog: 4002,
  sales: 4003,
  inventory: 4004,
  customers: 4005,
  fiscal: 4006,
  integrations: 4007,
} as const;

export type SubgraphKey = keyof typeof SUBGRAPH_PORTS;
export const SUBGRAPH_NAMES = Object.keys(SUBGRAPH_PORTS) as SubgraphKey[];
export const GATEWAY_PORT = 4000;
export const ADMIN_PORT = 3000;
export const POS_PORT = 5173;
/** The loopback POS host of `npm start` (the POS main-process modules for a renderer in a browser). */
export const POS_HOST_PORT = 4020;
/**
 * Operator ports serving `/metrics` in single-node mode (`npm start`): 9400 for the gateway,
 * 9401–9407 for the subgraphs. In containers every service uses 9464 on its own address.
 */
export const METRICS_PORTS = {
  gateway: 9400,
  identity: 9401,
  catalog: 9402,
  sales: 9403,
  inventory: 9404,
  customers: 9405,
  fiscal: 9406,
  integrations: 9407,
} as const;

/** The fiscal module simulator (E-POS Communicator's port) and the fiscal gateway of `npm start`. */
export const FISCAL_SIMULATOR_PORT = 3448;
export const FISCAL_GATEWAY_PORT = 3449;
/** Embedded PostgreSQL of `npm start` (another free port when this one is taken). */
export const EMBEDDED_PG_PORT = 54329;

/** A port `npm start` listens on, and what listens there. */
export interface LauncherPort {
  name: string;
  port: number;
}

/** Every fixed port of `npm start`, each shifted by `offset` (`JOWI_PORT_OFFSET`). */
export function launcherPorts(offset = 0, frontends = true): LauncherPort[] {
  return [
    { name: 'gateway', port: GATEWAY_PORT },
    ...SUBGRAPH_NAMES.map((name) => ({ name, port: SUBGRAPH_PORTS[name] })),
    { name: 'fiscal simulator', port: FISCAL_SIMULATOR_PORT },
    { name: 'fiscal gateway', port: FISCAL_GATEWAY_PORT },
    { name: 'POS host', port: POS_HOST_PORT },
    ...Object.entries(METRICS_PORTS).map(([name, port]) => ({ name: `${name} metrics`, port })),
    ...(frontends
      ? [
          { name: 'web admin', port: ADMIN_PORT },
          { name: 'POS renderer', port: POS_PORT },
        ]
      : []),
  ].map((p) => ({ ...p, port: p.port + offset }));
}
