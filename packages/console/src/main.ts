// The console's entry point (index.html loads it): the page's CSS and the shell. The case view
// and the dialogs are separate chunks, loaded when first needed.
import './page.css';
import './define/ayuda-console.js';
