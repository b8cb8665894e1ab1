#!/usr/bin/env node
// The `pvkit` command: loads the TypeScript CLI through tsx.
import { register } from "tsx/esm/api";
register();
await import("../cli/main.ts");
