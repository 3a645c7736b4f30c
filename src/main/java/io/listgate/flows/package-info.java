/**
 * Hot folders: files dropped in a flow root's {@code in/} folders (over FTP, FTPS or SFTP) become
 * import jobs of the one import pipeline, then land in {@code ok/} or {@code ko/} with their result
 * files. The folder layout and who may write where is {@code files.FlowLayout}.
 */
package io.listgate.flows;
