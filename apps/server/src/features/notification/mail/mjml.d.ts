/** The part of `mjml` (v5, promise-returning) this module uses; the package ships no types. */
declare module 'mjml' {
  interface MjmlError {
    line: number;
    message: string;
    tagName: string;
    formattedMessage: string;
  }
  export default function mjml2html(
    source: string,
    options?: { validationLevel?: 'strict' | 'soft' | 'skip'; minify?: boolean; fonts?: Record<string, string> },
  ): Promise<{ html: string; errors: MjmlError[] }>;
}
