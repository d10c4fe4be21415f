/** The part of node-abi (no types of its own) that scripts/ensure-native.ts uses. */
declare module 'node-abi' {
  /** NODE_MODULE_VERSION of a runtime version, e.g. getAbi('37.10.3', 'electron') === '136'. */
  export function getAbi(target: string, runtime?: 'node' | 'electron' | 'node-webkit'): string;
}
