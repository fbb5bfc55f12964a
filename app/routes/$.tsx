import { notFound } from "~/utils/http.server";

// every url no other route claims: a real 404 page via the root error boundary
export async function loader() {
  notFound();
}

export async function action() {
  notFound();
}

export default function NotFound() {
  return null;
}
