/** Organizations' file roots ({@code upload/}, {@code download/}) and safe resolution of client-given names. */
package io.listgate.files;
