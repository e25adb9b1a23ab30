// The page's first module (main.ts imports it before anything else; the build also gives it its
// own small file that runs before the main bundle is compiled): the history window's first
// request leaves now, and a lazily loaded window's code starts loading now, not after the app's
// code is evaluated and the window mounted.
import { getBridge } from './lib/bridge';
import { askFirstPageEarly } from './lib/first-page';
import { preloadWindowCode } from './lib/preload-window';
import { currentRoute } from './lib/route';

askFirstPageEarly(getBridge());
preloadWindowCode(currentRoute());
