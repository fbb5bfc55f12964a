import {
  createContext,
  useContext,
  useMemo,
  useState,
  type AnchorHTMLAttributes,
  type FormHTMLAttributes,
  type ReactNode,
} from "react";

// what the platform's views import from @remix-run/react, for the exported package's player.
// the bundle (../bundle.server.ts) points "@remix-run/react" here, so the lesson, quiz, results
// and role-play views are the platform's own components: a form posts to the module's
// in-browser engine instead of the server, and a link is a link within the package.

export type PlayerActions = {
  /** sends a form to the engine, for `action` (a player path) or the page on screen */
  submit(form: FormData, action?: string): void;
  /** sends a form in the background (a fetcher) and returns what the engine answered */
  fetch(form: FormData): Record<string, unknown> | undefined;
  search: string;
};

export const PlayerContext = createContext<PlayerActions | null>(null);

function usePlayer() {
  const ctx = useContext(PlayerContext);
  if (!ctx) throw new Error("the player's views need PlayerContext");
  return ctx;
}

type FormProps = Omit<FormHTMLAttributes<HTMLFormElement>, "action" | "method"> & {
  method?: string;
  action?: string;
  preventScrollReset?: boolean;
  children?: ReactNode;
};

export function Form({ method: _method, action, preventScrollReset: _reset, children, ...rest }: FormProps) {
  const player = usePlayer();
  return (
    <form
      {...rest}
      method="post"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
        if (submitter?.name) form.append(submitter.name, submitter.value);
        player.submit(form, action);
      }}
    >
      {children}
    </form>
  );
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> & { to: string; prefetch?: string };

export function Link({ to, prefetch: _prefetch, children, ...rest }: LinkProps) {
  return (
    <a {...rest} href={to}>
      {children}
    </a>
  );
}

export function useNavigation() {
  return { state: "idle" as const, formData: undefined, location: undefined };
}

export function useSearchParams() {
  const player = usePlayer();
  return [new URLSearchParams(player.search), () => undefined] as const;
}

export function useFetcher<T = Record<string, unknown>>() {
  const player = usePlayer();
  const [data, setData] = useState<T | undefined>(undefined);
  return useMemo(
    () => ({
      data,
      state: "idle" as const,
      submit(values: FormData | Record<string, string>) {
        const form = values instanceof FormData ? values : new FormData();
        if (!(values instanceof FormData)) for (const [k, v] of Object.entries(values)) form.append(k, v);
        setData(player.fetch(form) as T | undefined);
      },
    }),
    [data, player],
  );
}
