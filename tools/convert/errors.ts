/** A conversion failure with a message meant for the user (names the file, field or tensor). */
export class ConversionError extends Error {
  override name = 'ConversionError';
}
