import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfContents {
  pageCount: number;
  /** The text of each page, its items joined by single spaces. */
  pages: string[];
  /** All pages' text, joined by newlines. */
  text: string;
  title: string | undefined;
}

/** Reads a PDF the way a viewer does (pdf.js), so tests can check what a reader will see. */
export async function pdfContents(bytes: Uint8Array): Promise<PdfContents> {
  const document = await getDocument({ data: new Uint8Array(bytes), disableFontFace: true, useSystemFonts: false, isEvalSupported: false }).promise;
  try {
    const pages: string[] = [];
    for (let number = 1; number <= document.numPages; number += 1) {
      const content = await (await document.getPage(number)).getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str : '')).filter((text) => text.trim() !== '').join(' '));
    }
    const { info } = (await document.getMetadata()) as { info: { Title?: string } };
    return { pageCount: document.numPages, pages, text: pages.join('\n'), title: info.Title };
  } finally {
    await document.destroy();
  }
}

/** The text of all pages of a PDF. */
export const pdfText = async (bytes: Uint8Array): Promise<string> => (await pdfContents(bytes)).text;
