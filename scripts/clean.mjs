// Removes the previous build so that files whose source was deleted or renamed never linger in dist/.
import { rmSync } from "node:fs";

rmSync("dist", { recursive: true, force: true });
