import { Link } from './Link';

export function NotFoundPage() {
  return (
    <section className="panel">
      <h1>Page not found</h1>
      <p>
        <Link href="/">Back to deployments</Link>
      </p>
    </section>
  );
}
