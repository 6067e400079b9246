/** The E-POS Communicator simulator: `import { startSimulator } from '@jowi/fiscal-gateway/simulator'`. */
export {
  computeFiscalSign,
  DEFAULT_LIMITS,
  type FiscalModuleLimits,
  FmError,
  SimulatedFiscalModule,
  type SimulatorFaults,
  writeFileAtomic,
} from './fiscal-module.ts';
export { buildSimulatorApp, type RunningSimulator, type SimulatorOptions, startSimulator } from './server.ts';
