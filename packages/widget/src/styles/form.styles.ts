// Form controls and the error colour, shared by the components with forms (case form, case page,
// survey, booking), as CSS text (components wrap it in `unsafeCSS`). Plain strings on purpose: the
// case form's and the booking's lazy chunks share this module, and a shared chunk that imported
// Lit would split Lit out of the panel's chunk and lengthen the embed's list of chunks.

/** The error colour: a red that keeps 4.5:1 on both backgrounds; a site may set `--ayuda-color-error`. */
export const errorColor =
  ':host{--_error:var(--ayuda-color-error,#b3261e)}:host([theme="dark"]){--_error:var(--ayuda-color-error,#ffb4ab)}@media (prefers-color-scheme:dark){:host(:not([theme="light"])){--_error:var(--ayuda-color-error,#ffb4ab)}}';

/** Form controls shared by the case form and the case page. */
export const formControls = `
  .field {
    margin-block-end: 1rem;
  }
  label,
  .label {
    display: block;
    font-weight: 600;
    margin: 0 0 0.25rem;
  }
  .optional {
    font-weight: 400;
    color: var(--_muted);
  }
  .hint {
    margin: 0 0 0.375rem;
    color: var(--_muted);
    font-size: 0.875em;
  }
  input:not([type='file']),
  select,
  textarea {
    display: block;
    width: 100%;
    min-height: 2.75rem;
    padding: 0.5rem 0.625rem;
    border: 2px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_background);
    color: var(--_text);
    font: inherit;
    font-size: max(16px, 1em);
  }
  textarea {
    resize: vertical;
  }
  input[type='file'] {
    display: block;
    max-width: 100%;
    font: inherit;
  }
  [aria-invalid='true'] {
    border-color: var(--_error);
  }
  .error {
    margin: 0.375rem 0 0;
    color: var(--_error);
    font-weight: 600;
  }
  .alert:empty {
    display: none;
  }
  .alert p {
    margin: 0 0 1rem;
    padding: 0.75rem;
    border-inline-start: 4px solid var(--_error);
    background: var(--_surface);
  }
  button {
    min-height: 2.75rem;
    padding: 0.5rem 1rem;
    border: 2px solid var(--_primary);
    border-radius: var(--_radius);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  button.primary {
    background: var(--_primary);
    color: var(--_on-primary);
  }
  button.secondary {
    background: transparent;
    color: var(--_link);
  }
  button.small {
    min-height: 2.25rem;
    padding: 0.25rem 0.625rem;
    font-size: 0.875em;
  }
  button[aria-disabled='true'] {
    opacity: 0.75;
    cursor: progress;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  a {
    color: var(--_link);
    text-underline-offset: 0.15em;
  }
  h2 {
    font-size: 1.25em;
    line-height: 1.25;
    margin: 0 0 0.5rem;
  }
  h2:focus {
    outline: none;
  }
  h2:focus-visible {
    outline: 3px solid var(--_focus);
  }
  h3 {
    font-size: 1em;
    margin: 0 0 0.5rem;
  }
  @media (forced-colors: active) {
    [aria-invalid='true'] {
      border-color: Mark;
    }
  }
`;
