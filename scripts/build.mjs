// npm run build: compiles every workspace, bundles the workflows ahead, builds the web console.
import { build, ensureDependencies } from './lib/tools.mjs';

ensureDependencies();
build();
