import * as thingkit from "./index.web.js";
import { serve } from "./worker-core.js";

const handle = serve(thingkit, (message) => self.postMessage(message));
self.onmessage = (event) => handle(event.data);
