"""Exit 0 only when there is no network but loopback works: .ci/run runs it inside the namespace before
the tests, and tests/test_hermetic.py runs it to prove the namespace takes the network away."""
import socket
import sys

# Connect to an address outside this machine and resolve a name: both must fail without a network.
try:
    socket.create_connection(("1.1.1.1", 443), timeout=3).close()
    sys.exit("reached 1.1.1.1:443")
except OSError:
    pass
try:
    socket.getaddrinfo("pypi.org", 443)
    sys.exit("resolved pypi.org")
except OSError:
    pass
with socket.create_server(("127.0.0.1", 0)) as server:  # the local servers still work
    socket.create_connection(server.getsockname(), timeout=3).close()
print("no network, loopback up")
