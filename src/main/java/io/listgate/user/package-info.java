/** Organizations and their users: bcrypt passwords, lockout after repeated failures, the users file. */
package io.listgate.user;
