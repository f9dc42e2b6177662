// Colours through chalk, switched off by --no-color / NO_COLOR / non-colour terminals.
import { Chalk, type ChalkInstance } from 'chalk';

export function makeStyle(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}
