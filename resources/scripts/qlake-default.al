# Qlake default node configuration.
# Copy this file, edit it, and start a node with it:  qlake-node -f my-node.al
# Lines are EdgeLake commands; `#` starts a comment; `!name` is a variable.

set node name qlake
create work directories

# The peer (TCP) service: other EdgeLake and Qlake nodes send commands and replies here.
tcp_ip = 127.0.0.1
tcp_port = 32048
run tcp server where external_ip = !tcp_ip and external_port = !tcp_port and internal_ip = !tcp_ip and internal_port = !tcp_port and bind = true and threads = 6

# The REST command channel: curl -H 'command: get status' http://127.0.0.1:32049
rest_ip = 127.0.0.1
rest_port = 32049
run rest server where external_ip = !rest_ip and external_port = !rest_port and internal_ip = !rest_ip and internal_port = !rest_port and bind = true and threads = 6 and timeout = 20

# A user scheduler, for tasks added with `schedule ... task COMMAND`.
run scheduler 1
