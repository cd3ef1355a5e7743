// Writes docs/causes.md from src/core/causes.ts (run after `npm run build`).
import { writeFileSync } from "node:fs";
import { causesMarkdown } from "../dist/src/render/causes.js";

writeFileSync(new URL("../docs/causes.md", import.meta.url), causesMarkdown());
