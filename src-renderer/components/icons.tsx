// Small line icons drawn inline (no icon font, nothing fetched). Always paired with a word: they add a
// shape to the meaning, never carry it alone, so they are hidden from screen readers.
import type { ReactElement } from 'react';

export type IconName =
  | 'usb' | 'ethernet' | 'lock' | 'unlinked' | 'practice' | 'device' | 'run' | 'stop' | 'pause' | 'unknown' | 'error' | 'arrow-left' | 'refresh'
  | 'todo' | 'progress' | 'edit' | 'upload' | 'verified' | 'attested' | 'person' | 'na' | 'failed' | 'shield' | 'info' | 'download' | 'print' | 'eye' | 'key' | 'warning' | 'check';

const PATHS: Record<IconName, ReactElement> = {
  usb: <path d="M12 2v14m0 0a3 3 0 1 0 0 6 3 3 0 0 0 0-6Zm0-6 5-3v4m-5 2-5-3V6m10-1h-2v2h2zM7 4.5A1.5 1.5 0 1 0 7 7.5 1.5 1.5 0 0 0 7 4.5Z" />,
  ethernet: <path d="M4 9h16v10H4zM8 19v-3m4 3v-3m4 3v-3M9 9V5h6v4" />,
  lock: <path d="M6 11h12v10H6zM8 11V7a4 4 0 0 1 8 0v4m-4 4v2" />,
  unlinked: <path d="M9 15 4 20m11-11 5-5M8 8l-2 2a4 4 0 0 0 0 5m10-6 2-2M16 16l2-2a4 4 0 0 0-1-5M3 3l18 18" />,
  practice: <path d="M4 6h16v10H4zM2 20h20M9 10l-2 2 2 2m6-4 2 2-2 2" />,
  device: <path d="M5 3h14v18H5zM9 7h6m-6 4h6m-3 6h.01" />,
  run: <path d="M8 5v14l11-7z" />,
  stop: <path d="M6 6h12v12H6z" />,
  pause: <path d="M8 5v14m8-14v14" />,
  unknown: <path d="M9.5 9a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6V14m0 4h.01M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Z" />,
  error: <path d="M12 3 2 21h20zM12 10v5m0 3h.01" />,
  'arrow-left': <path d="M19 12H5m6-6-6 6 6 6" />,
  refresh: <path d="M20 12a8 8 0 1 1-2.3-5.7M20 4v5h-5" />,
  todo: <circle cx="12" cy="12" r="8" />,
  progress: <path d="M12 4a8 8 0 1 0 8 8M12 8v4l3 2" />,
  edit: <path d="M4 20h4L19 9l-4-4L4 16zM14 6l4 4" />,
  upload: <path d="M12 16V4m0 0L7 9m5-5 5 5M4 20h16" />,
  verified: <path d="M12 2 4 5v6c0 5 3.5 9 8 11 4.5-2 8-6 8-11V5zM8.5 12l2.5 2.5 4.5-5" />,
  attested: <path d="M12 2l2.4 2.2 3.2-.4.9 3.1 2.8 1.6-1.2 3 1.2 3-2.8 1.6-.9 3.1-3.2-.4L12 22l-2.4-2.2-3.2.4-.9-3.1-2.8-1.6 1.2-3-1.2-3 2.8-1.6.9-3.1 3.2.4zM8.5 12.5l2.5 2.5 4.5-5" />,
  person: <path d="M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8ZM4 21a8 8 0 0 1 16 0" />,
  na: <path d="M5 12h14" />,
  failed: <path d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20ZM9 9l6 6m0-6-6 6" />,
  shield: <path d="M12 2 4 5v6c0 5 3.5 9 8 11 4.5-2 8-6 8-11V5z" />,
  info: <path d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20ZM12 11v6m0-10h.01" />,
  download: <path d="M12 4v12m0 0-5-5m5 5 5-5M4 20h16" />,
  print: <path d="M6 9V3h12v6M6 18H4v-7h16v7h-2M7 14h10v7H7z" />,
  eye: <path d="M2 12s4-7 10-7 10 7 10 7-4 7-10 7S2 12 2 12Zm10-3a3 3 0 1 0 0 6 3 3 0 0 0 0-6Z" />,
  key: <path d="M14 10a4 4 0 1 0-3.5 4L9 16H7v2H5v2H2v-3l8-8M15.5 7.5h.01" />,
  warning: <path d="M12 3 2 21h20zM12 10v5m0 3h.01" />,
  check: <path d="M5 12l5 5L20 7" />,
};

export function Icon({ name }: { name: IconName }): ReactElement {
  return (
    <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      {PATHS[name]}
    </svg>
  );
}
